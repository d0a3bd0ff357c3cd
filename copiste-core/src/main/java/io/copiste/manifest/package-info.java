/**
 * The manifest: its immutable model ({@link io.copiste.manifest.Manifest}, {@link io.copiste.manifest.Binding},
 * {@link io.copiste.manifest.Source}, {@link io.copiste.manifest.Target}, {@link io.copiste.manifest.Secret}),
 * the YAML loader and the builder, and the validation that reports every problem with its file:line:column.
 */
package io.copiste.manifest;
