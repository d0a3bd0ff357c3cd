package io.copiste.function.builtin;

import io.copiste.function.Template;
import io.copiste.manifest.Settings;

/** Reads a {@link Template} setting, reporting a bad template as a problem at its location. */
final class Templates {
    private Templates() {
    }

    /** The template under {@code key}; required when {@code defaultText} is null. */
    static Template read(Settings settings, String key, String defaultText) {
        String text = defaultText == null ? settings.string(key) : settings.string(key, defaultText);
        if (text == null) {
            return null;
        }
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            settings.problem(key, "'" + key + "' is not a valid template: " + e.getMessage(),
                    "placeholders are {column}, {new.column}, {old.column}, {op}, {table}, {binding}, {pipeline}");
            return null;
        }
    }
}
