"""Lambda-shaped handlers of the CSV ETL example (one module, one entry point per function).

Stepline runs each handler in a warm Python process whose working directory is this folder, so relative
paths (the bucket directories of stepline.json, out/, quarantine/) are relative to it.

    ValidateFile   etl.validate_file    the object exists, has its announced size and the needed columns
    ValidateRow    etl.validate_row     one row: raises InvalidRow, or answers the row with typed fields
    QuarantineRow  etl.quarantine_row   writes a rejected row and its error to the quarantine directory
    TransformBatch etl.transform_batch  the valid rows of a batch, shaped for the table
    LoadBatch      etl.load_batch       upserts a batch into SQLite; fails the first attempt of every batch
    Report         etl.report           the counts, and what the table now holds
"""
import datetime
import decimal
import json
import os
import re
import sqlite3

COLUMNS = ["order_id", "customer", "email", "amount", "currency", "ordered_at"]
CURRENCIES = ("EUR", "GBP", "USD")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEFAULT_DB = "out/orders.db"
DEFAULT_QUARANTINE = "quarantine"


class InvalidFile(Exception):
    """The object cannot be loaded at all: missing, truncated, or without the needed columns."""


class InvalidRow(Exception):
    """One row breaks a rule; the state machine's Catch sends it to the quarantine."""


class DatabaseLocked(Exception):
    """A transient failure that a Retry gets past."""


def bucket_dir(bucket):
    """The directory of a bucket, from stepline.json's "buckets" (as Stepline's ItemReader finds it)."""
    with open("stepline.json") as f:
        buckets = json.load(f).get("buckets", {})
    if bucket.startswith("/"):
        return bucket
    if bucket not in buckets:
        raise InvalidFile("the bucket %r is not in stepline.json's buckets" % bucket)
    return buckets[bucket]


def validate_file(event, context):
    """Input: the S3 "Object Created" event (plus optional "database" and "quarantine" paths)."""
    bucket = event["detail"]["bucket"]["name"]
    key = event["detail"]["object"]["key"]
    path = os.path.join(bucket_dir(bucket), key)
    if not os.path.isfile(path):
        raise InvalidFile("s3://%s/%s does not exist" % (bucket, key))
    size = os.path.getsize(path)
    announced = event["detail"]["object"].get("size")
    if announced is not None and announced != size:
        raise InvalidFile("s3://%s/%s has %d bytes, the event announced %d" % (bucket, key, size, announced))
    with open(path, newline="") as f:
        header = f.readline().strip().split(",")
        rows = sum(1 for line in f if line.strip())
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidFile("s3://%s/%s lacks the columns %s" % (bucket, key, ", ".join(missing)))
    return {
        "bucket": bucket,
        "key": key,
        "size": size,
        "rows": rows,
        "database": event.get("database") or os.environ.get("ETL_DB") or DEFAULT_DB,
        "quarantine": event.get("quarantine") or os.environ.get("ETL_QUARANTINE") or DEFAULT_QUARANTINE,
    }


def validate_row(event, context):
    """Input: {"line": N, "row": {column: text}, "file": {...}}; answers the row with typed fields."""
    row, line = event["row"], event["line"]

    def bad(why):
        raise InvalidRow("line %d: %s" % (line, why))

    if not row.get("order_id", "").isdigit():
        bad("order_id %r is not a number" % row.get("order_id"))
    if not EMAIL.match(row.get("email", "")):
        bad("email %r is not an address" % row.get("email"))
    try:
        amount = decimal.Decimal(row.get("amount", ""))
    except decimal.InvalidOperation:
        bad("amount %r is not a number" % row.get("amount"))
    if amount < 0 or amount.as_tuple().exponent < -2:
        bad("amount %r is not a price" % row.get("amount"))
    if row.get("currency", "").upper() not in CURRENCIES:
        bad("currency %r is not one of %s" % (row.get("currency"), ", ".join(CURRENCIES)))
    try:
        datetime.date.fromisoformat(row.get("ordered_at", ""))
    except ValueError:
        bad("ordered_at %r is not a date" % row.get("ordered_at"))
    return {"line": line, "row": row}


def quarantine_row(event, context):
    """Input: the row's input with "error": {"Error", "Cause"} added by the Catch's ResultPath."""
    file, line = event["file"], event["line"]
    error = event["error"]
    try:
        reason = json.loads(error["Cause"])["errorMessage"]
    except (ValueError, KeyError, TypeError):
        reason = error.get("Cause")
    os.makedirs(file["quarantine"], exist_ok=True)
    path = os.path.join(file["quarantine"], "%s.line-%d.json" % (file["key"].replace("/", "_"), line))
    with open(path, "w") as f:
        json.dump({"file": "s3://%s/%s" % (file["bucket"], file["key"]), "line": line, "row": event["row"],
                   "reason": reason, "error": error}, f, indent=2)
        f.write("\n")
    return {"quarantined": path}


def transform_batch(event, context):
    """Input: {"checked": [each row's result], "source": KEY}; answers the rows for the table."""
    rows, quarantined = [], []
    for r in event["checked"]:
        if "quarantined" in r:
            quarantined.append(r["quarantined"])
            continue
        row = r["row"]
        rows.append({
            "order_id": int(row["order_id"]),
            "customer": " ".join(row["customer"].split()),
            "email": row["email"].lower(),
            "amount_cents": int(decimal.Decimal(row["amount"]) * 100),
            "currency": row["currency"].upper(),
            "ordered_at": row["ordered_at"],
            "source": event["source"],
            "line": r["line"],
        })
    return {"rows": rows, "quarantined": quarantined}


def connect(database):
    if os.path.dirname(database):
        os.makedirs(os.path.dirname(database), exist_ok=True)
    db = sqlite3.connect(database, timeout=30)
    db.execute("""CREATE TABLE IF NOT EXISTS orders (
        order_id INTEGER PRIMARY KEY, customer TEXT NOT NULL, email TEXT NOT NULL, amount_cents INTEGER NOT NULL,
        currency TEXT NOT NULL, ordered_at TEXT NOT NULL, source TEXT NOT NULL, line INTEGER NOT NULL)""")
    return db


def load_batch(event, context):
    """Input: {"rows", "database", "batch": a name unique to the execution and batch, "retry": RetryCount}.

    The first attempt of each batch fails with DatabaseLocked (a marker file remembers the attempt), as a
    busy database would; the state's Retry runs it again. Rows are upserted, so a retry loads nothing twice.
    """
    database = event["database"]
    markers = database + ".attempts"
    os.makedirs(markers, exist_ok=True)
    marker = os.path.join(markers, event["batch"])
    if not os.path.exists(marker):
        open(marker, "w").close()
        raise DatabaseLocked("database is locked (batch %s, first attempt)" % event["batch"])
    db = connect(database)
    with db:
        db.executemany(
            "INSERT OR REPLACE INTO orders VALUES (:order_id, :customer, :email, :amount_cents, :currency,"
            " :ordered_at, :source, :line)", event["rows"])
    db.close()
    return {"loaded": len(event["rows"]), "retries": event["retry"]}


def report(event, context):
    """Input: {"file": ValidateFile's answer, "batches": [each batch's summary]}."""
    file, batches = event["file"], event["batches"]
    db = connect(file["database"])
    count, cents = db.execute("SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM orders WHERE source = ?",
                              (file["key"],)).fetchone()
    by_currency = dict(db.execute(
        "SELECT currency, SUM(amount_cents) FROM orders WHERE source = ? GROUP BY currency ORDER BY currency",
        (file["key"],)).fetchall())
    db.close()
    quarantined = sorted(p for b in batches for p in b["quarantined"])
    return {
        "file": "s3://%s/%s" % (file["bucket"], file["key"]),
        "rows": file["rows"],
        "batches": len(batches),
        "loaded": sum(b["loaded"] for b in batches),
        "quarantined": len(quarantined),
        "retriedBatches": sum(1 for b in batches if b["retries"] > 0),
        "table": {"rows": count, "amountCents": cents, "byCurrency": by_currency},
        "quarantine": quarantined,
    }
