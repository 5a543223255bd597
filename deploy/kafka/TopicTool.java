// Topic tool for the local stack, run in source-file mode with the broker's own jars:
//   java -cp "$KAFKA_LIBS/*" deploy/kafka/TopicTool.java BOOTSTRAP create NAME:PARTITIONS ...
//   java -cp "$KAFKA_LIBS/*" deploy/kafka/TopicTool.java BOOTSTRAP list
//   java -cp "$KAFKA_LIBS/*" deploy/kafka/TopicTool.java BOOTSTRAP roundtrip
// It exists because kafka-topics.sh lives in org.apache.kafka:kafka-tools, which drags in Kafka
// Connect's runtime; kafka-clients (already a dependency of the broker) has the Admin API.
// Exit codes: 0 success, 1 Kafka error, 2 usage error.

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class TopicTool {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SELFCHECK_TOPIC = "newsingest.stack.selfcheck";

    public static void main(String[] args) {
        if (args.length < 2) {
            usage();
            System.exit(2);
        }
        String bootstrap = args[0];
        String command = args[1];
        List<String> rest = List.of(args).subList(2, args.length);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000);
        try (Admin admin = Admin.create(props)) {
            switch (command) {
                case "create":
                    create(admin, parseSpecs(rest));
                    break;
                case "list":
                    list(admin);
                    break;
                case "roundtrip":
                    roundtrip(admin, bootstrap);
                    break;
                default:
                    usage();
                    System.exit(2);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("TopicTool: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("TopicTool: " + command + " failed: " + cause);
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("usage: TopicTool BOOTSTRAP create NAME:PARTITIONS [NAME:PARTITIONS...]");
        System.err.println("       TopicTool BOOTSTRAP list");
        System.err.println("       TopicTool BOOTSTRAP roundtrip");
    }

    private static Map<String, Integer> parseSpecs(List<String> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("create needs at least one NAME:PARTITIONS");
        }
        Map<String, Integer> wanted = new HashMap<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new IllegalArgumentException("bad topic spec '" + spec + "', want NAME:PARTITIONS");
            }
            int partitions;
            try {
                partitions = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad partition count in '" + spec + "'");
            }
            if (partitions < 1 || partitions > 1000) {
                throw new IllegalArgumentException("partition count out of range 1..1000 in '" + spec + "'");
            }
            wanted.put(spec.substring(0, colon), partitions);
        }
        return wanted;
    }

    // Idempotent: a topic that exists with fewer partitions is grown (Kafka cannot shrink one);
    // one with more is left alone with a warning, because deleting data is not this tool's call.
    private static void create(Admin admin, Map<String, Integer> wanted) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            topics.add(new NewTopic(e.getKey(), e.getValue(), (short) 1));
        }
        Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin.createTopics(topics).values();
        for (String name : new TreeSet<>(results.keySet())) {
            try {
                results.get(name).get();
                System.out.println("created " + name + " partitions=" + wanted.get(name));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                System.out.println("exists  " + name);
            }
        }
        Map<String, TopicDescription> described = waitForLeaders(admin, wanted.keySet());
        Map<String, NewPartitions> grow = new HashMap<>();
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            int have = described.get(e.getKey()).partitions().size();
            if (have < e.getValue()) {
                grow.put(e.getKey(), NewPartitions.increaseTo(e.getValue()));
                System.out.println("growing " + e.getKey() + " from " + have + " to " + e.getValue() + " partitions");
            } else if (have > e.getValue()) {
                System.err.println("warning: " + e.getKey() + " has " + have + " partitions, wanted " + e.getValue()
                        + " (Kafka cannot shrink a topic; delete it to start over)");
            }
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get();
            waitForLeaders(admin, grow.keySet());
        }
    }

    // Creation returns before every partition has a leader; a producer started right after
    // would see LEADER_NOT_AVAILABLE. Wait here so that "stack up" means usable topics.
    private static Map<String, TopicDescription> waitForLeaders(Admin admin, java.util.Collection<String> names)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String missing = null;
            Map<String, TopicDescription> described = null;
            try {
                described = admin.describeTopics(names).allTopicNames().get();
                for (TopicDescription d : described.values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() == null || p.leader().isEmpty()) {
                            missing = d.name() + "-" + p.partition();
                        }
                    }
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                missing = "metadata of " + names;
            }
            if (missing == null) {
                return described;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader for " + missing + " after " + TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    private static void list(Admin admin) throws Exception {
        TreeSet<String> names = new TreeSet<>(admin.listTopics().names().get());
        if (names.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
        for (String name : names) {
            System.out.println(name + " partitions=" + described.get(name).partitions().size());
        }
    }

    // Proves the broker stores and serves data: produce one record with acks=all to a private
    // topic, then read exactly that offset back by assignment (no consumer group needed).
    private static void roundtrip(Admin admin, String bootstrap) throws Exception {
        create(admin, Map.of(SELFCHECK_TOPIC, 1));
        byte[] key = "selfcheck".getBytes(StandardCharsets.UTF_8);
        byte[] value = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();

        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000);
        pp.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000);
        RecordMetadata meta;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            meta = producer.send(new ProducerRecord<>(SELFCHECK_TOPIC, 0, key, value)).get();
        }

        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition tp = new TopicPartition(SELFCHECK_TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(Collections.singletonList(tp));
            consumer.seek(tp, meta.offset());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() == meta.offset()) {
                        if (!java.util.Arrays.equals(r.value(), value)) {
                            throw new IllegalStateException("read back a different value at offset " + r.offset());
                        }
                        System.out.printf("roundtrip ok: %s-0 offset %d in %d ms%n", SELFCHECK_TOPIC, r.offset(),
                                (System.nanoTime() - started) / 1_000_000);
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException("record at offset " + meta.offset() + " not read back within "
                + TIMEOUT.toSeconds() + " s");
    }
}
