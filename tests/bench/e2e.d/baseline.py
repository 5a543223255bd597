"""The baseline of the end-to-end benchmark: a straightforward consumer such as a user would
write with confluent-kafka and psycopg 3 from PyPI, following the libraries' documented
batching: consume() a batch of messages, executemany() the rows (psycopg 3 pipelines it),
commit the transaction, produce each stored record to an output topic, flush, then commit the
consumed offsets synchronously (at-least-once). No enrichment: text is the body as submitted,
enriched is {}. Messages that are not JSON objects with a string source and body, string
optional fields and an ISO 8601 published_at are skipped, as a user's consumer would log and
skip them.

Stops once it has consumed up to the end offsets the topic had at start, and prints one JSON
line with its counts and timings.

  python baseline.py --brokers B --topic T --out-topic O --group G --conninfo C
"""

import argparse
import datetime
import hashlib
import json
import sys
import time

import psycopg
from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition

UPSERT = """
INSERT INTO articles (id, source, url, title, published_at, lang, text, content_hash, raw,
                      enriched, kafka_topic, kafka_partition, kafka_offset)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '{}', %s, %s, %s)
ON CONFLICT (id) DO UPDATE SET
    source = EXCLUDED.source, url = EXCLUDED.url, title = EXCLUDED.title,
    published_at = EXCLUDED.published_at, lang = EXCLUDED.lang, text = EXCLUDED.text,
    content_hash = EXCLUDED.content_hash, raw = EXCLUDED.raw,
    kafka_topic = EXCLUDED.kafka_topic, kafka_partition = EXCLUDED.kafka_partition,
    kafka_offset = EXCLUDED.kafka_offset, revision = articles.revision + 1, updated_at = now()
WHERE articles.content_hash IS DISTINCT FROM EXCLUDED.content_hash
"""


def to_row(msg):
    """The articles row of a message, or None when the message is not a usable submission."""
    value = msg.value()
    try:
        doc = json.loads(value)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    source, body = doc.get("source"), doc.get("body")
    if not isinstance(source, str) or not isinstance(body, str) or not body.strip():
        return None
    for field in ("id", "url", "title", "published_at", "lang", "content_type", "byline"):
        if doc.get(field) is not None and not isinstance(doc[field], str):
            return None
    published_at = doc.get("published_at")
    if published_at is not None:
        try:
            parsed = datetime.datetime.fromisoformat(published_at)
        except ValueError:
            return None
        if len(published_at) > 10 and parsed.tzinfo is None:
            return None  # a time without an offset means a different instant to each reader
    url = doc.get("url")
    article_id = doc.get("id")
    if not isinstance(article_id, str):
        basis = url if isinstance(url, str) else body
        article_id = source + "-" + hashlib.sha256(f"{source}\n{basis}".encode()).hexdigest()[:16]
    digest = hashlib.sha256(body.encode()).hexdigest()
    return (article_id, source, url, doc.get("title"), published_at, doc.get("lang"),
            body, digest, value.decode(), msg.topic(), msg.partition(), msg.offset())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--brokers", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--out-topic", required=True)
    ap.add_argument("--group", required=True)
    ap.add_argument("--conninfo", required=True)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--timeout", type=float, default=3600)
    a = ap.parse_args()

    consumer = Consumer({"bootstrap.servers": a.brokers, "group.id": a.group,
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    producer = Producer({"bootstrap.servers": a.brokers, "linger.ms": 5})
    conn = psycopg.connect(a.conninfo)

    md = consumer.list_topics(a.topic, timeout=10)
    parts = sorted(md.topics[a.topic].partitions)
    marks = {p: consumer.get_watermark_offsets(TopicPartition(a.topic, p), timeout=10)
             for p in parts}
    ends = {p: high for p, (low, high) in marks.items()}
    done = {p: high <= low for p, (low, high) in marks.items()}
    consumer.subscribe([a.topic])

    stored = skipped = consumed = 0
    t_first = t_last = None
    deadline = time.monotonic() + a.timeout
    while not all(done.values()):
        if time.monotonic() > deadline:
            print(json.dumps({"error": "timeout", "stored": stored}), flush=True)
            return 1
        msgs = consumer.consume(num_messages=a.batch, timeout=1.0)
        if not msgs:
            continue
        if t_first is None:
            t_first = time.time()
        rows = []
        for m in msgs:
            if m.error():
                if m.error().code() != KafkaError._PARTITION_EOF:
                    print(f"consume error: {m.error()}", file=sys.stderr)
                continue
            consumed += 1
            if m.offset() + 1 >= ends[m.partition()]:
                done[m.partition()] = True
            row = to_row(m)
            if row is None:
                skipped += 1
                continue
            rows.append(row)
        with conn.cursor() as cur:
            cur.executemany(UPSERT, rows)
        conn.commit()
        for r in rows:
            record = {"id": r[0], "source": r[1], "url": r[2], "title": r[3],
                      "published_at": r[4], "lang": r[5], "text": r[6], "content_hash": r[7]}
            producer.produce(a.out_topic, key=r[0], value=json.dumps(record, ensure_ascii=False))
            producer.poll(0)
        producer.flush()
        consumer.commit(asynchronous=False)
        stored += len(rows)
        t_last = time.time()
    consumer.close()
    conn.close()
    print(json.dumps({"stored": stored, "skipped": skipped, "consumed": consumed,
                      "first_batch_epoch": t_first, "last_commit_epoch": t_last}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
