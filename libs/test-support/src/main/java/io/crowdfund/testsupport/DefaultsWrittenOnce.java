package io.crowdfund.testsupport;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

/**
 * Each default written in one place. A setting an operator can change has its default in the placeholder that names its
 * environment variable ({@code ${CAMPAIGN_STREAM_TIMEOUT:30m}} in the process's {@code application.yml}, or in a library's
 * defaults: {@code crowdfundWebDefaults}, {@code crowdfundMessagingDefaults}); the properties record then declares no
 * {@link DefaultValue} for it, so the two cannot drift apart. A record's own default is for what no file sets.
 */
public final class DefaultsWrittenOnce {

    /** The process's own file (a test's {@code config/application.yml} overrides it for the test, and is not a default). */
    private static final String APPLICATION_YML = "class path resource [application.yml]";
    private static final List<String> LIBRARY_DEFAULTS = List.of("crowdfundWebDefaults", "crowdfundMessagingDefaults");

    private DefaultsWrittenOnce() {
    }

    /**
     * The settings of the context's own properties records (those of {@code io.crowdfund}) that a record component and a
     * file both give a default, as "{@code prefix.path}: record {@code value}, {@code source}".
     */
    public static List<String> writtenTwice(ConfigurableApplicationContext context) {
        List<PropertySource<?>> files = context.getEnvironment().getPropertySources().stream()
                .filter(source -> source.getName().contains(APPLICATION_YML) || LIBRARY_DEFAULTS.contains(source.getName()))
                .toList();
        List<String> twice = new ArrayList<>();
        ConfigurationPropertiesBean.getAll(context).values().stream()
                .filter(bean -> bean.getInstance().getClass().getName().startsWith("io.crowdfund."))
                .forEach(bean -> collect(bean.getInstance().getClass(), bean.getAnnotation().prefix(), files, twice));
        return twice.stream().distinct().sorted().toList();
    }

    private static void collect(Class<?> type, String prefix, List<PropertySource<?>> files, List<String> twice) {
        if (!type.isRecord()) {
            return;
        }
        RecordComponent[] components = type.getRecordComponents();
        for (int index = 0; index < components.length; index++) {
            RecordComponent component = components[index];
            String path = prefix + "." + kebab(component.getName());
            DefaultValue declared = declaredDefault(type, components, index);
            if (component.getType().isRecord()) {
                collect(component.getType(), path, files, twice);
            } else if (declared != null && declared.value().length > 0) {
                files.stream().filter(source -> source.containsProperty(path)).findFirst().ifPresent(source -> twice.add(
                        path + ": record " + String.join(",", declared.value()) + ", " + source.getName() + " " + source.getProperty(path)));
            }
        }
    }

    /** {@link DefaultValue} sits on the canonical constructor's parameter (where Spring reads it), not on the component. */
    private static DefaultValue declaredDefault(Class<?> type, RecordComponent[] components, int index) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(types).getParameters()[index]
                    .getAnnotation(DefaultValue.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record without its canonical constructor: " + type, e);
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
