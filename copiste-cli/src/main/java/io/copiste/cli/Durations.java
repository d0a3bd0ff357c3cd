package io.copiste.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Reads durations on the command line the way manifests write them ({@link io.copiste.manifest.Durations}). */
final class Durations implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return io.copiste.manifest.Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
