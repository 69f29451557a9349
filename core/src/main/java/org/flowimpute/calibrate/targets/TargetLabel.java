package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * How an error names the target at a place of a targets file's text: by its name when the text
 * gives one, else by its position, and a target of {@code householdTargets} as a household target,
 * so that a file with both kinds says which is meant. Errors found while the file is read (a value
 * of the wrong shape, a loss that cannot be) know only the place, not the target object.
 */
public final class TargetLabel {

  private TargetLabel() {}

  /**
   * "target 'people'" or "household target 'homes'", or "target 2" ("household target 2") when
   * entry {@code index} of {@code list} ("targets" or "householdTargets") has no usable name.
   */
  static String of(ObjectMapper mapper, String text, String list, int index) {
    try {
      JsonNode name = mapper.readTree(text).path(list).path(index).path("name");
      if (name.isValueNode() && !name.isNull()) {
        return named(list, name.asText());
      }
    } catch (IOException unreadable) {
      // the text was read once already; without a name the position still names the target
    }
    return kind(list) + " " + (index + 1);
  }

  /** "target 'people'", or "household target 'homes'" for a target of {@code householdTargets}. */
  public static String named(String list, String name) {
    return kind(list) + " '" + name + "'";
  }

  /** "household target" for the list {@code householdTargets}, else "target". */
  public static String kind(String list) {
    return list.equals("householdTargets") ? "household target" : "target";
  }
}
