package io.crowdfund.contracts.wallet;

/** Topics of wallet-service: commands it is asked, events it tells. */
public final class WalletChannels {

    /** Commands to wallet-service: reserve, release and refund keyed by backer; settle keyed by campaign. */
    public static final String COMMANDS = "wallet.commands";

    /** Facts from wallet-service (user registered, campaign funds settled), keyed by their aggregate. */
    public static final String EVENTS = "wallet.events";

    private WalletChannels() {
    }
}
