package io.crowdfund.web;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The deployment's money rules, under {@code crowdfund.money}.
 *
 * @param currency the one currency of the deployment, echoed as {@code currency}
 * @param maxAmount the largest amount one operation (deposit, pledge) may move
 */
@ConfigurationProperties("crowdfund.money")
public record MoneyProperties(String currency, BigDecimal maxAmount) {
}
