package org.flowimpute.pipelines.io.kafka;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecordCoder;

/** The Kafka decoding step run over test messages, and its dead letters in a line each. */
final class DecodedMessages {

  private DecodedMessages() {}

  /**
   * {@link DecodeKafkaRecordsFn} over {@code stamped} messages whose values are {@code format}
   * records of {@code schema}, both outputs coded.
   */
  static PCollectionTuple decode(
      TestPipeline pipeline,
      List<TimestampedValue<KafkaRecord<byte[], byte[]>>> stamped,
      Schema schema,
      PayloadFormat format,
      KafkaEventTimes eventTimes) {
    PCollectionTuple decoded =
        pipeline
            .apply(
                Create.timestamped(stamped)
                    .withCoder(KafkaRecordCoder.of(ByteArrayCoder.of(), ByteArrayCoder.of())))
            .apply(
                ParDo.of(new DecodeKafkaRecordsFn(PayloadDecoder.of(schema, format), eventTimes))
                    .withOutputTags(
                        DecodeKafkaRecordsFn.RECORDS,
                        TupleTagList.of(DecodeKafkaRecordsFn.FAILED)));
    decoded.get(DecodeKafkaRecordsFn.RECORDS).setCoder(SourcedRecordCoder.of(schema));
    decoded.get(DecodeKafkaRecordsFn.FAILED).setCoder(DeadLetters.coder());
    return decoded;
  }

  /** The decoding step's dead letters as "source stage reason field". */
  static PCollection<String> reasons(PCollectionTuple decoded) {
    return decoded
        .get(DecodeKafkaRecordsFn.FAILED)
        .apply(
            "Reasons",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    d ->
                        d.getSource()
                            + " "
                            + d.getStage()
                            + " "
                            + d.getErrorClass()
                            + " "
                            + d.getField()));
  }
}
