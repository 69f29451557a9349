package org.flowimpute.pipelines.io;

import java.io.Serializable;

/**
 * The job's weight field and where the job's record schema comes from, for reading CSV files whose
 * header and that schema disagree about the weight column ({@link CsvRowDecoder}): a weight column
 * the schema lacks would be dropped (every record weighing 1), and a schema's weight field that a
 * header lacks leaves the weight absent, not empty.
 *
 * @param field the weight field ({@code --weightField})
 * @param schemaOrigin where the job's record schema comes from, as messages name it (e.g. "that of
 *     --recordSchema s.avsc")
 */
record WeightColumn(String field, String schemaOrigin) implements Serializable {}
