package io.crowdfund.wallet.account;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** Users by id, username or email; names and emails compare regardless of case. */
interface Users extends Repository<User, UUID> {

    @Query("select * from users where lower(username) = lower(:username)")
    Optional<User> findByUsername(String username);

    @Query("select exists(select 1 from users where lower(username) = lower(:username) or lower(email) = lower(:email))")
    boolean usernameOrEmailTaken(String username, String email);

    User save(User user);
}
