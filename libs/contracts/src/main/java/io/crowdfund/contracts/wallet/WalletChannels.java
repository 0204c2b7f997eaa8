package io.crowdfund.contracts.wallet;

/** Topics of wallet-service: commands it is asked, events it tells. */
public final class WalletChannels {

    /** Commands to wallet-service (reserve, release, capture, refund), keyed by backer. */
    public static final String COMMANDS = "wallet.commands";

    /** Facts from wallet-service (user registered, funds reserved, ...). */
    public static final String EVENTS = "wallet.events";

    private WalletChannels() {
    }
}
