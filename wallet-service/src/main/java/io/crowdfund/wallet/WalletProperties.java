package io.crowdfund.wallet;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * wallet-service settings, under {@code crowdfund.wallet}.
 *
 * @param platformFeePercent share of a successful campaign's funds the platform keeps (0-100)
 * @param token how access tokens are signed and for how long they hold
 * @param operator the operator account ensured at start (none when the username is blank)
 * @param settlement how campaigns are settled in bulk
 */
@ConfigurationProperties("crowdfund.wallet")
public record WalletProperties(
        BigDecimal platformFeePercent,
        @DefaultValue Token token,
        @DefaultValue Operator operator,
        @DefaultValue Settlement settlement) {

    public WalletProperties {
        if (platformFeePercent.signum() < 0 || platformFeePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("crowdfund.wallet.platform-fee-percent must be between 0 and 100");
        }
    }

    /**
     * @param issuer the tokens' {@code iss}
     * @param audience the tokens' {@code aud}: the platform's API, which every service expects
     * @param timeToLive how long a token is valid
     * @param privateKey the RSA key tokens are signed with, as PKCS#8 PEM; takes precedence over the key file
     * @param keyFile a file holding that key; with {@code developmentKey}, where a generated one is kept
     * @param verificationKeys more keys the JWKS publishes and tokens may be signed with, never used to sign: PEM
     *        blocks (public keys, or private ones of which only the public part is used), e.g. the previous
     *        signing key while its tokens live
     * @param developmentKey development only: without a key, sign with a generated one instead of refusing to start
     */
    public record Token(String issuer, String audience,
            Duration timeToLive, String privateKey, String keyFile, String verificationKeys,
            boolean developmentKey) {

        @Override
        public String toString() { // never the private key: this reaches logs and the actuator
            return "Token[issuer=" + issuer + ", audience=" + audience + ", timeToLive=" + timeToLive + ", privateKey="
                    + (privateKey == null || privateKey.isBlank() ? "none" : "(hidden)") + ", keyFile=" + keyFile
                    + ", verificationKeys=" + (verificationKeys == null || verificationKeys.isBlank() ? "none" : "(given)")
                    + ", developmentKey=" + developmentKey + "]";
        }
    }

    public record Operator(String username, String password, String email) {
    }

    /**
     * @param chunkSize holds settled per transaction
     * @param scanInterval how often unfinished settlements are looked for (they also start at once when asked)
     */
    public record Settlement(int chunkSize, Duration scanInterval) {
    }
}
