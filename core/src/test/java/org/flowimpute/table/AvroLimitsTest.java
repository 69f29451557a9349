package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.avro.SystemLimitException;
import org.junit.jupiter.api.Test;

class AvroLimitsTest {

  @Test
  void installSetsEveryCapTheUserHasNotSetAndKeepsTheUsers() {
    String string = SystemLimitException.MAX_STRING_LENGTH_PROPERTY;
    String bytes = SystemLimitException.MAX_BYTES_LENGTH_PROPERTY;
    String before = System.getProperty(string);
    String beforeBytes = System.getProperty(bytes);
    try {
      System.setProperty(string, "1234");
      System.clearProperty(bytes);

      AvroLimits.install();

      assertEquals("1234", System.getProperty(string));
      assertEquals(Integer.toString(AvroLimits.MAX_LENGTH), System.getProperty(bytes));
    } finally {
      restore(string, before);
      restore(bytes, beforeBytes);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
