package io.crowdfund.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.stereotype.Component;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The structure every service keeps: features (the base package's sub-packages) free of cycles; HTTP
 * only in {@code web} packages and Kafka only in {@code messaging} packages (and the application
 * class, which declares its topics); and the domain (every
 * class that is neither a Spring component, a repository nor an exception) free of web, Kafka and
 * JDBC types.
 */
public final class ServiceStructure {

    private ServiceStructure() {
    }

    public static void verify(String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(basePackage);
        slices().matching(basePackage + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
        noClasses().that().resideOutsideOfPackage("..web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web.bind..", "org.springframework.web.servlet..",
                        "jakarta.servlet..")
                .because("HTTP adapters live in web packages").allowEmptyShould(true).check(classes);
        noClasses().that().resideOutsideOfPackages("..messaging..", basePackage)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..")
                .because("Kafka adapters live in messaging packages").allowEmptyShould(true).check(classes);
        noClasses().that().areNotMetaAnnotatedWith(Component.class).and().areNotAssignableTo(Throwable.class)
                .and().areNotAssignableTo("org.springframework.data.repository.Repository")
                .and().resideOutsideOfPackages("..web..", "..messaging..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.kafka..",
                        "org.apache.kafka..", "org.springframework.jdbc..", "jakarta.servlet..")
                .because("the domain is free of framework plumbing").allowEmptyShould(true).check(classes);
    }
}
