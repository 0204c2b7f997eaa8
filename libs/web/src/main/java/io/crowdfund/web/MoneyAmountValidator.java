package io.crowdfund.web;

import java.math.BigDecimal;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link MoneyAmount}, naming the rule that was broken. */
class MoneyAmountValidator implements ConstraintValidator<MoneyAmount, BigDecimal> {

    private final BigDecimal max;

    MoneyAmountValidator(MoneyProperties money) {
        this.max = money.maxAmount();
    }

    @Override
    public boolean isValid(BigDecimal amount, ConstraintValidatorContext context) {
        String broken = amount == null ? null
                : amount.signum() <= 0 ? "must be greater than 0"
                : amount.stripTrailingZeros().scale() > 2 ? "must have at most 2 decimal places"
                : amount.compareTo(max) > 0 ? "must be at most " + max.toPlainString()
                : null;
        if (broken == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(broken).addConstraintViolation();
        return false;
    }
}
