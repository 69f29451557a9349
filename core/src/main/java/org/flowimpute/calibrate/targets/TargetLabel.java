package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * How an error names the target at a place of a targets file's text: by its name when the text
 * gives one, else by its position. Errors found while the file is read (a value of the wrong shape,
 * a loss that cannot be) know only the place, not the target object.
 */
final class TargetLabel {

  private TargetLabel() {}

  /**
   * "target 'people'", or "target 2" ("household target 2") when entry {@code index} of {@code
   * list} ("targets" or "householdTargets") has no usable name.
   */
  static String of(ObjectMapper mapper, String text, String list, int index) {
    String kind = list.equals("householdTargets") ? "household target " : "target ";
    try {
      JsonNode name = mapper.readTree(text).path(list).path(index).path("name");
      if (name.isValueNode() && !name.isNull()) {
        return "target '" + name.asText() + "'";
      }
    } catch (IOException unreadable) {
      // the text was read once already; without a name the position still names the target
    }
    return kind + (index + 1);
  }
}
