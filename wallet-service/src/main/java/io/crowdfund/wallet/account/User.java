package io.crowdfund.wallet.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import io.crowdfund.messaging.Ids;

/** A registered user and their credentials. The roles follow from {@code operator}. */
@Table("users")
public record User(@Id UUID id, String username, String email, String passwordHash, boolean operator, Instant createdAt) {

    public static User register(String username, String email, String passwordHash) {
        return new User(Ids.next(), username, email, passwordHash, false, Instant.now());
    }

    public static User operator(String username, String email, String passwordHash) {
        return new User(Ids.next(), username, email, passwordHash, true, Instant.now());
    }

    public List<String> roles() {
        return operator ? List.of("USER", "OPERATOR") : List.of("USER");
    }

    User withPasswordHash(String newHash) {
        return new User(id, username, email, newHash, operator, createdAt);
    }
}
