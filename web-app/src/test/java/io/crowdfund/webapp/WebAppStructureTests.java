package io.crowdfund.webapp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The web app's features (page families, the gateway, the site's plumbing) are free of cycles; the
 * services' clients know no page; pages do not call each other, only the services.
 */
class WebAppStructureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.crowdfund.webapp");

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching("io.crowdfund.webapp.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theServicesClientsKnowNoPage() {
        noClasses().that().resideInAPackage("io.crowdfund.webapp.services..")
                .should().dependOnClassesThat().resideInAnyPackage("io.crowdfund.webapp.campaign..", "io.crowdfund.webapp.pledge..",
                        "io.crowdfund.webapp.wallet..", "io.crowdfund.webapp.notification..", "io.crowdfund.webapp.operator..",
                        "io.crowdfund.webapp.account..", "io.crowdfund.webapp.site..", "io.crowdfund.webapp.gateway..")
                .check(CLASSES);
    }

    @Test
    void pageFamiliesDependOnlyOnTheServicesClientsAndTheSignedInPerson() {
        noClasses().that().resideInAnyPackage("io.crowdfund.webapp.campaign..", "io.crowdfund.webapp.pledge..", "io.crowdfund.webapp.wallet..",
                        "io.crowdfund.webapp.notification..", "io.crowdfund.webapp.operator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.crowdfund.webapp.site..", "io.crowdfund.webapp.gateway..")
                .check(CLASSES);
    }
}
