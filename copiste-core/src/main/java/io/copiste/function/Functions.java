package io.copiste.function;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The function and target types available in this process: every {@link FunctionProvider} and
 * {@link TargetProvider} on the class path (and in the plugins folder, when the CLI adds it). Immutable once loaded; thread-safe.
 */
public final class Functions {
    private final Map<String, FunctionProvider> providers;
    private final Map<String, TargetProvider> targets;

    private Functions(Map<String, FunctionProvider> providers, Map<String, TargetProvider> targets) {
        this.providers = Collections.unmodifiableMap(new TreeMap<>(providers));
        this.targets = Collections.unmodifiableMap(new TreeMap<>(targets));
    }

    /** The providers visible to {@code loader}. Two providers with one type name is a packaging error. */
    public static Functions load(ClassLoader loader) {
        Map<String, FunctionProvider> found = new TreeMap<>();
        for (FunctionProvider p : ServiceLoader.load(FunctionProvider.class, loader)) {
            FunctionProvider previous = found.putIfAbsent(p.type(), p);
            if (previous != null && previous.getClass() != p.getClass()) {
                throw new IllegalStateException("function type '" + p.type() + "' is provided by both "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        Map<String, TargetProvider> targets = new TreeMap<>();
        for (TargetProvider t : ServiceLoader.load(TargetProvider.class, loader)) {
            targets.putIfAbsent(t.type(), t);
        }
        return new Functions(found, targets);
    }

    /** The providers visible to this class's loader. */
    public static Functions builtin() {
        return Holder.BUILTIN;
    }

    /** The provider for a type name, or {@code null}. */
    public FunctionProvider get(String type) {
        return providers.get(type);
    }

    /** The target provider for a type name, or {@code null}. */
    public TargetProvider target(String type) {
        return targets.get(type);
    }

    /** Every target provider by type name, sorted. */
    public Map<String, TargetProvider> targets() {
        return targets;
    }

    /** Every provider by type name, sorted. */
    public Map<String, FunctionProvider> all() {
        return providers;
    }

    private static final class Holder {
        static final Functions BUILTIN = load(Functions.class.getClassLoader());
    }
}
