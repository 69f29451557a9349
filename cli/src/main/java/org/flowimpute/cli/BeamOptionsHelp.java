package org.flowimpute.cli;

import java.beans.Introspector;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine;

/**
 * Lists Beam {@link PipelineOptions} as a section of a command's {@code --help}, from the
 * interfaces' own {@link Description} and {@link Default} annotations, so that the help cannot
 * drift from what Beam accepts: {@code stream --help} did not list the {@code --kafka*} options,
 * nor {@code --lambda} or {@code --numShards}, which Beam reads from the arguments the command
 * passes on.
 */
final class BeamOptionsHelp {

  /** The package prefix of flowimpute's own options, the ones a section may list. */
  private static final String OWN = "org.flowimpute";

  private BeamOptionsHelp() {}

  /**
   * Adds a help section to {@code commandLine}, before its footer: {@code heading}, then each
   * option {@code options} declares (not inherited, not {@link Hidden}) with its description and
   * default.
   */
  static void addSection(
      CommandLine commandLine,
      String key,
      String heading,
      Class<? extends PipelineOptions> options) {
    put(commandLine, key, heading, rows(Arrays.stream(options.getDeclaredMethods())));
  }

  /**
   * Adds a help section to {@code commandLine}, before its footer: {@code heading}, then each
   * option of the flowimpute interfaces {@code options} extends (itself included; not those of
   * {@code excluded} and the interfaces it extends, nor {@link Hidden} ones) that is not an option
   * of the command itself in either spelling ({@code --numShards} or {@code --num-shards}): the
   * options only Beam reads.
   */
  static void addPassThroughSection(
      CommandLine commandLine,
      String key,
      String heading,
      Class<? extends PipelineOptions> options,
      Class<?>... excluded) {
    CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
    put(
        commandLine,
        key,
        heading,
        rows(
            Arrays.stream(options.getMethods())
                .filter(getter -> getter.getDeclaringClass().getPackageName().startsWith(OWN))
                .filter(getter -> Arrays.stream(excluded).noneMatch(declaredIn(getter)))
                .filter(getter -> !isCommandOption(spec, propertyName(getter)))));
  }

  /** Whether an interface is the getter's or extends it. */
  private static Predicate<Class<?>> declaredIn(Method getter) {
    return type -> getter.getDeclaringClass().isAssignableFrom(type);
  }

  private static boolean isCommandOption(CommandLine.Model.CommandSpec spec, String property) {
    String kebab = property.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    return spec.findOption("--" + property) != null || spec.findOption("--" + kebab) != null;
  }

  private static void put(
      CommandLine commandLine, String key, String heading, Map<String, String> rows) {
    commandLine
        .getHelpSectionMap()
        .put(key, help -> help.createHeading(heading) + help.createTextTable(rows).toString());
    List<String> keys = new ArrayList<>(commandLine.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), key);
    commandLine.setHelpSectionKeys(keys);
  }

  /**
   * Each option of {@code getters} by name: {@code --name=<values>} to its description and default,
   * in the order of the names.
   */
  private static Map<String, String> rows(Stream<Method> getters) {
    Map<String, String> rows = new LinkedHashMap<>();
    getters
        .filter(BeamOptionsHelp::isDescribedGetter)
        .sorted(Comparator.comparing(BeamOptionsHelp::propertyName))
        .forEach(
            getter -> {
              String text = getter.getAnnotation(Description.class).value();
              String defaultValue = defaultValue(getter);
              rows.put(
                  "--" + propertyName(getter) + "=" + valueLabel(getter.getReturnType()),
                  defaultValue == null ? text : text + " Default: " + defaultValue + ".");
            });
    return rows;
  }

  private static boolean isDescribedGetter(Method method) {
    String name = method.getName();
    return method.getParameterCount() == 0
        && (name.startsWith("get") || name.startsWith("is"))
        && method.isAnnotationPresent(Description.class)
        && !method.isAnnotationPresent(Hidden.class);
  }

  /**
   * The option name Beam derives from the getter, as a bean property: getKafkaFormat → kafkaFormat.
   */
  private static String propertyName(Method getter) {
    String name = getter.getName();
    return Introspector.decapitalize(name.substring(name.startsWith("get") ? 3 : 2));
  }

  private static String valueLabel(Class<?> type) {
    if (type.isEnum()) {
      return Arrays.stream(type.getEnumConstants())
          .map(constant -> ((Enum<?>) constant).name())
          .collect(Collectors.joining("|"));
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true|false";
    }
    return "<" + type.getSimpleName().toLowerCase(Locale.ROOT) + ">";
  }

  /**
   * The value of the getter's {@link Default} annotation ({@code @Default.Enum("AVRO")}, {@code
   * Default.Boolean(false)}, ...); null when it has none.
   */
  private static String defaultValue(Method getter) {
    for (Annotation annotation : getter.getAnnotations()) {
      if (annotation.annotationType().getEnclosingClass() == Default.class) {
        try {
          Object value = annotation.annotationType().getMethod("value").invoke(annotation);
          return value instanceof Class<?> type ? type.getSimpleName() : String.valueOf(value);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException(
              getter + ": cannot read its " + annotation.annotationType().getSimpleName(), e);
        }
      }
    }
    return null;
  }
}
