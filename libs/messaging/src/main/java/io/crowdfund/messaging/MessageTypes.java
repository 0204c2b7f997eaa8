package io.crowdfund.messaging;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The registry of message records by wire type name (the record's simple name). Two records with
 * the same simple name are refused at start-up, so a name always means one contract.
 */
public final class MessageTypes {

    private final Map<String, Class<?>> byName = new ConcurrentHashMap<>();

    /** Registers every record in the given packages (and below). */
    public static MessageTypes scanning(Collection<String> packages) {
        var types = new MessageTypes();
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(Record.class));
        for (String basePackage : packages) {
            for (var candidate : scanner.findCandidateComponents(basePackage)) {
                types.register(ClassUtils.resolveClassName(candidate.getBeanClassName(), MessageTypes.class.getClassLoader()));
            }
        }
        return types;
    }

    /** Registers message records; a name already taken by another class is refused. */
    public MessageTypes register(Class<?>... recordTypes) {
        for (Class<?> type : recordTypes) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record: messages are immutable records");
            }
            Class<?> previous = byName.putIfAbsent(nameOf(type), type);
            if (previous != null && previous != type) {
                throw new IllegalStateException("Message type name " + nameOf(type) + " is used by both "
                        + previous.getName() + " and " + type.getName());
            }
        }
        return this;
    }

    /** The wire type name of a message record. */
    public static String nameOf(Class<?> type) {
        return type.getSimpleName();
    }

    Optional<Class<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
