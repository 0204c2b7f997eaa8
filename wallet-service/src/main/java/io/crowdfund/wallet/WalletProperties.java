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
 * @param login how many login attempts are allowed per username and per client address
 * @param operator the operator account ensured at start (none when the username is blank)
 * @param settlement how campaigns are settled in bulk
 */
@ConfigurationProperties("crowdfund.wallet")
public record WalletProperties(
        @DefaultValue("0") BigDecimal platformFeePercent,
        @DefaultValue Token token,
        @DefaultValue Login login,
        @DefaultValue Operator operator,
        @DefaultValue Settlement settlement) {

    public WalletProperties {
        if (platformFeePercent.signum() < 0 || platformFeePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("crowdfund.wallet.platform-fee-percent must be between 0 and 100");
        }
    }

    /**
     * @param issuer the tokens' {@code iss}
     * @param timeToLive how long a token is valid
     * @param privateKey the RSA signing key as PKCS#8 PEM; takes precedence over the key file
     * @param keyFile where a generated development key is kept so tokens survive a restart
     */
    public record Token(@DefaultValue("crowdfund-wallet") String issuer, @DefaultValue("1h") Duration timeToLive,
            String privateKey, String keyFile) {
    }

    public record Login(@DefaultValue("10") int attemptsPerUsername, @DefaultValue("120") int attemptsPerAddress,
            @DefaultValue("1m") Duration period) {
    }

    public record Operator(String username, String password, @DefaultValue("operator@crowdfund.local") String email) {
    }

    /**
     * @param chunkSize holds settled per transaction
     * @param scanInterval how often unfinished settlements are looked for (they also start at once when asked)
     */
    public record Settlement(@DefaultValue("2000") int chunkSize, @DefaultValue("1s") Duration scanInterval) {
    }
}
