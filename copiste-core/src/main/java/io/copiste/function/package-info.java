/**
 * The function SPI: {@link io.copiste.function.FunctionProvider} (found by {@link java.util.ServiceLoader} from a
 * manifest's {@code type:}), the definitions it returns, and what they render or receive.
 */
package io.copiste.function;
