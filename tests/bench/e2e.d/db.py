"""A PostgreSQL connection for the benchmark's own queries that survives a server restart:
other work on the shared local stack (fault tests) may restart PostgreSQL in the middle of a
long run, and ingestd reconnects by itself, so the benchmark's observer must too."""

import time

import psycopg


class _Result:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return self.rows


class Db:
    def __init__(self, conninfo, retry_seconds=120):
        self.conninfo = conninfo
        self.retry_seconds = retry_seconds
        self.conn = None
        self.reconnects = 0

    def execute(self, sql, params=None):
        """Runs one autocommitted statement and returns its rows (fetchone/fetchall). On a
        lost connection it reconnects and runs the statement again, for retry_seconds."""
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                if self.conn is None or self.conn.closed:
                    self.conn = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5)
                cur = self.conn.execute(sql, params)
                return _Result(cur.fetchall() if cur.description else [])
            except psycopg.OperationalError:
                try:
                    if self.conn is not None:
                        self.conn.close()
                except psycopg.Error:
                    pass
                self.conn = None
                if time.monotonic() > deadline:
                    raise
                self.reconnects += 1
                time.sleep(1)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
