package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fields a mapping of the targets model takes, as Jackson reads them (names as written in the
 * file, {@code class} for a target's class label), so that messages about fields follow the model
 * instead of a list kept by hand.
 */
final class ModelProperties {

  private ModelProperties() {}

  /** The properties of {@code owner}, in the order of its constructor (a record's order). */
  static List<BeanPropertyDefinition> of(ObjectMapper mapper, JavaType owner) {
    List<BeanPropertyDefinition> properties =
        new ArrayList<>(mapper.getDeserializationConfig().introspect(owner).findProperties());
    properties.sort(
        Comparator.comparingInt(
            property ->
                property.getConstructorParameter() == null
                    ? Integer.MAX_VALUE
                    : property.getConstructorParameter().getIndex()));
    return properties;
  }
}
