"""Kafka helpers of the end-to-end benchmark: topics, publishing with recorded timestamps,
watermarks and consumer-group lag. Uses confluent-kafka (librdkafka) from the bench venv."""

import re
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

ID_RE = re.compile(rb'"id"\s*:\s*"([^"\\]{1,128})"')


class Topics:
    """Creates topics and deletes every one it created (delete_all, also on failure)."""

    def __init__(self, brokers):
        self.admin = AdminClient({"bootstrap.servers": brokers})
        self.created = []

    def create(self, name, partitions, timeout=60):
        futures = self.admin.create_topics(
            [NewTopic(name, num_partitions=partitions, replication_factor=1)],
            operation_timeout=timeout, request_timeout=timeout)
        futures[name].result(timeout=timeout)
        self.created.append(name)
        # Metadata reaches every client a little later; wait until the leaders are known.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            md = self.admin.list_topics(topic=name, timeout=10)
            t = md.topics.get(name)
            if t is not None and t.error is None and len(t.partitions) == partitions and all(
                    p.leader >= 0 for p in t.partitions.values()):
                return
            time.sleep(0.2)
        raise RuntimeError(f"topic {name} has no leaders after {timeout}s")

    def delete_all(self, timeout=30):
        if not self.created:
            return []
        errors = []
        futures = self.admin.delete_topics(self.created, operation_timeout=timeout,
                                           request_timeout=timeout)
        for name, f in futures.items():
            try:
                f.result(timeout=timeout)
            except Exception as e:  # reported, never fatal: cleanup goes on
                errors.append(f"{name}: {e}")
        self.created = []
        return errors


class Publisher:
    """Publishes JSON Lines to a topic, one message per line, keyed by the submission's id when
    it has one. Records each message's (partition, offset, CreateTime ms) from the delivery
    reports: the CreateTime that librdkafka stamps at produce() is the publish time that
    end-to-end latency is measured from."""

    def __init__(self, brokers, topic, linger_ms=5):
        self.topic = topic
        self.producer = Producer({
            "bootstrap.servers": brokers, "linger.ms": linger_ms, "acks": "all",
            "queue.buffering.max.kbytes": 262144, "queue.buffering.max.messages": 200000,
            "message.max.bytes": 2000000, "enable.idempotence": False,
        })
        self.delivered = {}  # partition -> {offset: timestamp_ms}
        self.failed = 0
        self.sent = 0
        self.bytes = 0

    def _on_delivery(self, err, msg):
        if err is not None:
            self.failed += 1
            return
        self.delivered.setdefault(msg.partition(), {})[msg.offset()] = msg.timestamp()[1]

    def _produce(self, line):
        m = ID_RE.search(line)
        key = m.group(1) if m else None
        while True:
            try:
                self.producer.produce(self.topic, value=line, key=key,
                                      on_delivery=self._on_delivery)
                break
            except BufferError:
                self.producer.poll(0.05)
        self.sent += 1
        self.bytes += len(line)

    def publish_file(self, path, limit=None, rate=None, deadline=None):
        """Publishes up to limit lines of path, as fast as possible or at rate messages/s.
        Returns (first_publish_epoch, last_publish_epoch)."""
        t_first = t_last = None
        start = time.monotonic()
        with open(path, "rb") as f:
            for i, line in enumerate(f):
                if limit is not None and i >= limit:
                    break
                if rate is not None:
                    wait = start + i / rate - time.monotonic()
                    if wait > 0:
                        self.producer.poll(0)
                        time.sleep(wait)
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError("publishing took longer than the run's timeout")
                now = time.time()
                if t_first is None:
                    t_first = now
                t_last = now
                self._produce(line.rstrip(b"\n"))
                if i % 1000 == 0 or rate is not None:
                    self.producer.poll(0)
        left = self.producer.flush(120)
        if left:
            raise RuntimeError(f"{left} messages not delivered after 120 s")
        if self.failed:
            raise RuntimeError(f"{self.failed} messages failed delivery")
        return t_first, t_last


def first_timestamps(brokers, topic, timeout=300):
    """{key bytes: CreateTime ms of the first message with that key} over the whole topic,
    read with assign() (no group, nothing committed)."""
    marks = end_offsets(brokers, topic)
    c = Consumer({"bootstrap.servers": brokers, "group.id": "bench-reader",
                  "enable.auto.commit": False, "enable.partition.eof": True,
                  "fetch.max.bytes": 52428800, "max.partition.fetch.bytes": 10485760})
    out = {}
    try:
        todo = {p for p, (low, high) in marks.items() if high > low}
        c.assign([TopicPartition(topic, p, marks[p][0]) for p in todo])
        deadline = time.monotonic() + timeout
        while todo:
            if time.monotonic() > deadline:
                raise TimeoutError(f"reading {topic} took longer than {timeout}s")
            for m in c.consume(num_messages=5000, timeout=1.0):
                if m.error():
                    continue
                key = m.key()
                if key not in out:
                    out[key] = m.timestamp()[1]
                if m.offset() + 1 >= marks[m.partition()][1]:
                    todo.discard(m.partition())
    finally:
        c.close()
    return out


def end_offsets(brokers, topic, timeout=10):
    """{partition: (low, high)} watermarks of every partition of topic."""
    c = Consumer({"bootstrap.servers": brokers, "group.id": "bench-watermarks",
                  "enable.auto.commit": False})
    try:
        md = c.list_topics(topic, timeout=timeout)
        parts = sorted(md.topics[topic].partitions)
        return {p: c.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)
                for p in parts}
    finally:
        c.close()


def message_count(brokers, topic):
    return sum(high - low for low, high in end_offsets(brokers, topic).values())


class LagProbe:
    """Reads a group's committed offsets without joining it."""

    def __init__(self, brokers, group, topic):
        self.topic = topic
        self.c = Consumer({"bootstrap.servers": brokers, "group.id": group,
                           "enable.auto.commit": False})
        md = self.c.list_topics(topic, timeout=10)
        self.parts = sorted(md.topics[topic].partitions)

    def lag(self, timeout=10):
        """Total lag (messages after the committed offsets), or None if it could not be read."""
        try:
            committed = self.c.committed([TopicPartition(self.topic, p) for p in self.parts],
                                         timeout=timeout)
            total = 0
            for tp in committed:
                low, high = self.c.get_watermark_offsets(tp, timeout=timeout)
                pos = tp.offset if tp.offset >= 0 else low
                total += max(0, high - pos)
            return total
        except KafkaException:
            return None

    def close(self):
        self.c.close()
