package io.crowdfund.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Repository;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The structure every service keeps:
 * <ul>
 * <li>features (the base package's sub-packages) free of cycles, and every package, sub-packages
 * included ({@code pledge.saga} and {@code pledge.saga.web}), free of cycles too;</li>
 * <li>JDBC ({@code org.springframework.jdbc}, {@code java.sql}) only in stores: the classes annotated
 * {@link Repository} ({@code FundsStore}, {@code PledgeStore}, {@code CampaignReplicas}) and the
 * Spring Data repositories ({@code Users}), their nested classes included;</li>
 * <li>web types ({@code org.springframework.web}, {@code org.springframework.http},
 * {@code jakarta.servlet}) only in {@code web} packages, in the HTTP errors (exceptions named after
 * what happened, which carry their status and are mapped in one place) and in the service's
 * configuration (the {@code @Configuration} classes of the base package: the application class and
 * the security set-up, which name HTTP methods and paths);</li>
 * <li>Kafka types only in {@code messaging} packages and the application class (the base package's
 * {@code @Configuration} classes), which declares the topics.</li>
 * </ul>
 * No class is exempt by name: a class that needs JDBC, HTTP or Kafka types moves that part into a
 * store, a {@code web} or a {@code messaging} package.
 */
public final class ServiceStructure {

    private static final String SPRING_DATA_REPOSITORY = "org.springframework.data.repository.Repository";

    private ServiceStructure() {
    }

    public static void verify(String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(basePackage);
        slices().matching(basePackage + ".(*)..").namingSlices("feature $1").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
        slices().matching(basePackage + ".(**)").namingSlices("package $1").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
        DescribedPredicate<JavaClass> configuration = describe("the service's configuration",
                type -> topLevel(type).getPackageName().equals(basePackage) && topLevel(type).isMetaAnnotatedWith(Configuration.class));
        noClasses().that().resideOutsideOfPackage("..web..").and().areNotAssignableTo(Throwable.class).and(DescribedPredicate.not(configuration))
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
                .because("HTTP adapters live in web packages").allowEmptyShould(true).check(classes);
        noClasses().that().resideOutsideOfPackage("..messaging..").and(DescribedPredicate.not(configuration))
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..")
                .because("Kafka adapters live in messaging packages").allowEmptyShould(true).check(classes);
        DescribedPredicate<JavaClass> store = describe("stores",
                type -> topLevel(type).isAnnotatedWith(Repository.class) || topLevel(type).isAssignableTo(SPRING_DATA_REPOSITORY));
        noClasses().that(DescribedPredicate.not(store))
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .because("SQL lives in stores").allowEmptyShould(true).check(classes);
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
