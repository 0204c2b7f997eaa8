package io.crowdfund.wallet.account;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.contracts.wallet.UserRegistered;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.wallet.funds.Wallets;
import io.crowdfund.web.InvalidField;

/**
 * Registers users: the account, its empty wallet and the "user registered" event in one
 * transaction. Checks credentials for the token endpoint.
 */
@Service
public class Accounts {

    /** The password hash (bcrypt) reads at most this many bytes. */
    static final int MAX_PASSWORD_BYTES = 72;

    private final Users users;
    private final JdbcAggregateOperations aggregates;
    private final Wallets wallets;
    private final Outbox outbox;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transactions;
    private final String absentUserHash;

    Accounts(Users users, JdbcAggregateOperations aggregates, Wallets wallets, Outbox outbox, PasswordEncoder passwords,
            TransactionTemplate transactions) {
        this.users = users;
        this.aggregates = aggregates;
        this.wallets = wallets;
        this.outbox = outbox;
        this.passwords = passwords;
        this.transactions = transactions;
        this.absentUserHash = passwords.encode("no such user: equalises the time a failed login takes");
    }

    public User register(String username, String email, String password) {
        return create(User.register(username, email, hash(password)));
    }

    /** The user with these credentials, if they are right. Takes as long for an unknown username as for a wrong password. */
    public Optional<User> authenticate(String username, String password) {
        Optional<User> user = users.findByUsername(username);
        String hash = user.map(User::passwordHash).orElse(absentUserHash);
        boolean matches = password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES && passwords.matches(password, hash);
        return matches ? user : Optional.empty();
    }

    /**
     * Creates the operator account if it is missing, or gives it the configured password if that changed. An
     * existing account that is not an operator's is never taken over (its password changed, its role raised):
     * the answer is {@link Operator#REFUSED}, and the account stays as it is.
     */
    Operator ensureOperator(String username, String email, String password) {
        Optional<User> existing = users.findByUsername(username);
        if (existing.isEmpty()) {
            try {
                create(User.operator(username, email, hash(password)));
                return Operator.CREATED;
            } catch (AccountTaken raced) {
                // another replica created it at the same moment, or the email belongs to another account
                existing = users.findByUsername(username);
                if (existing.isEmpty()) {
                    return Operator.REFUSED;
                }
            }
        }
        User operator = existing.get();
        if (!operator.operator()) {
            return Operator.REFUSED;
        }
        if (!passwords.matches(password, operator.passwordHash())) {
            users.save(operator.withPasswordHash(hash(password)));
        }
        return Operator.READY;
    }

    /** What {@link #ensureOperator} found. */
    enum Operator {
        CREATED, READY,
        /** The username (or the email) belongs to an account that is not an operator's, which stays as it is. */
        REFUSED
    }

    private User create(User user) {
        if (users.usernameOrEmailTaken(user.username(), user.email())) {
            throw new AccountTaken();
        }
        try {
            return transactions.execute(status -> {
                aggregates.insert(user);
                wallets.open(user.id());
                outbox.send(WalletChannels.EVENTS, user.id().toString(), new UserRegistered(user.id(), user.username(), user.email()));
                return user;
            });
        } catch (DuplicateKeyException raced) {
            throw new AccountTaken();
        }
    }

    private String hash(String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidField("password", "must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        return passwords.encode(password);
    }
}
