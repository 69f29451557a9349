package org.flowimpute.evaluation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Writes a metric that is not defined (NaN, such as a DCR ratio 0/0) as JSON null: Jackson's
 * default wrote the string "NaN", which a reader of metrics.json expecting a number or null (as the
 * docs say) cannot parse as either.
 */
final class NonFiniteAsNull extends StdSerializer<Double> {

  private NonFiniteAsNull() {
    super(Double.class);
  }

  /** The module that applies this to {@code double} and {@code Double} values. */
  static SimpleModule module() {
    NonFiniteAsNull serializer = new NonFiniteAsNull();
    return new SimpleModule("NonFiniteAsNull")
        .addSerializer(Double.class, serializer)
        .addSerializer(Double.TYPE, serializer);
  }

  @Override
  public void serialize(Double value, JsonGenerator json, SerializerProvider provider)
      throws IOException {
    if (Double.isFinite(value)) {
      json.writeNumber(value);
    } else {
      json.writeNull();
    }
  }
}
