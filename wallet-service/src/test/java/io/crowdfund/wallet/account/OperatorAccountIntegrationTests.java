package io.crowdfund.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.wallet.WalletProperties;

/** The operator account made at start-up from OPERATOR_USERNAME / OPERATOR_PASSWORD, and the accounts it never takes over. */
@IntegrationTest
class OperatorAccountIntegrationTests {

    private static final String USER_PASSWORD = "a user's own password";
    private static final String OPERATOR_PASSWORD = "the configured operator password";

    @Autowired
    Accounts accounts;

    @Autowired
    Users users;

    @Autowired
    WalletProperties properties;

    @Test
    void refusesToTakeOverAUserWhoseNameIsConfiguredForTheOperator() {
        String name = unique("squatter");
        User user = accounts.register(name, name + "@example.com", USER_PASSWORD);

        bootstrap(name, "ops-" + name + "@example.com", OPERATOR_PASSWORD);

        User after = users.findByUsername(name).orElseThrow();
        assertThat(after.operator()).isFalse();
        assertThat(after.roles()).containsExactly("USER");
        assertThat(after.passwordHash()).isEqualTo(user.passwordHash());
        assertThat(accounts.authenticate(name, OPERATOR_PASSWORD)).isEmpty();
        assertThat(accounts.authenticate(name, USER_PASSWORD)).isPresent();
    }

    @Test
    void refusesToMakeTheOperatorWithTheEmailOfAUser() {
        String name = unique("someone");
        accounts.register(name, name + "@example.com", USER_PASSWORD);
        String operator = unique("ops");

        assertThat(accounts.ensureOperator(operator, name + "@example.com", OPERATOR_PASSWORD)).isEqualTo(Accounts.Operator.REFUSED);
        assertThat(users.findByUsername(operator)).isEmpty();
        assertThat(users.findByUsername(name).orElseThrow().operator()).isFalse();
    }

    @Test
    void makesTheOperatorOnceAndGivesItTheConfiguredPasswordWhenThatChanges() {
        String name = unique("ops");
        assertThat(accounts.ensureOperator(name, name + "@example.com", OPERATOR_PASSWORD)).isEqualTo(Accounts.Operator.CREATED);
        assertThat(accounts.ensureOperator(name, name + "@example.com", OPERATOR_PASSWORD)).isEqualTo(Accounts.Operator.READY);
        assertThat(accounts.ensureOperator(name, name + "@example.com", "a new operator password")).isEqualTo(Accounts.Operator.READY);
        User operator = accounts.authenticate(name, "a new operator password").orElseThrow();
        assertThat(operator.roles()).containsExactly("USER", "OPERATOR");
    }

    /** Runs the start-up bootstrap as a replica configured with this operator would. */
    private void bootstrap(String username, String email, String password) {
        var configured = new WalletProperties(properties.platformFeePercent(), properties.token(),
                new WalletProperties.Operator(username, password, email), properties.settlement());
        new OperatorAccount(accounts, configured).run(null);
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
