package io.crowdfund.wallet.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import io.crowdfund.wallet.WalletProperties;

/**
 * Ensures the operator account of {@code OPERATOR_USERNAME} / {@code OPERATOR_PASSWORD} at start. A
 * username (or {@code OPERATOR_EMAIL}) that belongs to someone else's account is refused with an
 * error in the log: that account is not taken over, and the service starts without an operator (a
 * name registered by anyone must not keep every replica from starting).
 */
@Component
class OperatorAccount implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperatorAccount.class);

    private final Accounts accounts;
    private final WalletProperties.Operator operator;

    OperatorAccount(Accounts accounts, WalletProperties properties) {
        this.accounts = accounts;
        this.operator = properties.operator();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (operator.username() == null || operator.username().isBlank()) {
            log.info("No operator account configured (OPERATOR_USERNAME is empty)");
            return;
        }
        if (operator.password() == null || operator.password().length() < 8) {
            throw new IllegalStateException("OPERATOR_PASSWORD must be set, at least 8 characters, when OPERATOR_USERNAME is");
        }
        switch (accounts.ensureOperator(operator.username(), operator.email(), operator.password())) {
            case CREATED, READY -> log.info("Operator account '{}' is ready", operator.username());
            case REFUSED -> log.error("OPERATOR_USERNAME '{}' or OPERATOR_EMAIL '{}' belongs to an account that is not an operator's: it is "
                    + "not taken over, and no operator account is made. Choose another OPERATOR_USERNAME or OPERATOR_EMAIL",
                    operator.username(), operator.email());
        }
    }
}
