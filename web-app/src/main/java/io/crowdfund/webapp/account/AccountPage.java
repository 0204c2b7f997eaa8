package io.crowdfund.webapp.account;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

import io.crowdfund.webapp.services.ServiceProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Sign up and log in (Spring Security handles the log-in form's POST and the log-out). */
@Controller
class AccountPage {

    private final AccountClient accounts;
    private final WalletLogin login;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final ChangeSessionIdAuthenticationStrategy newSessionId = new ChangeSessionIdAuthenticationStrategy();

    AccountPage(AccountClient accounts, WalletLogin login) {
        this.accounts = accounts;
        this.login = login;
    }

    record SignUp(@NotBlank @Pattern(regexp = "[a-zA-Z0-9_.-]{3,40}", message = "3-40 letters, digits, '_', '.' or '-'") String username,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 8, max = 72, message = "8-72 characters") String password) {
    }

    @GetMapping("/login")
    String login() {
        return "account/login";
    }

    @GetMapping("/signup")
    String signUpForm(@ModelAttribute("form") SignUp form) {
        return "account/signup";
    }

    /** Creates the account, then logs the person in at once (a new session id, as at every log-in). */
    @PostMapping("/signup")
    String signUp(@Valid @ModelAttribute("form") SignUp form, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) {
        if (errors.hasErrors()) {
            return "account/signup";
        }
        try {
            accounts.register(new AccountClient.Registration(form.username().strip(), form.email().strip(), form.password()));
        } catch (ServiceProblem problem) {
            if (problem.is(409)) {
                errors.reject("taken", problem.message());
            } else {
                problem.showOn(errors, AccountPage::fieldOf);
            }
            return "account/signup";
        }
        try {
            signIn(login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(form.username().strip(), form.password())),
                    request, response);
        } catch (AuthenticationException notNow) {
            return "redirect:/login?registered";
        }
        return "redirect:/wallet?welcome";
    }

    private void signIn(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        newSessionId.onAuthentication(authentication, request, response);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    private static String fieldOf(String field) {
        return switch (field) {
            case "username", "email", "password" -> field;
            default -> "username";
        };
    }
}
