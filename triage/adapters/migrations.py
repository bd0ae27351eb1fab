"""The store's schema as an ordered list of sqlite-utils migrations; each is applied once.

Never edit a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("triage")


@migrations(name="0001_messages")
def _messages(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,            -- config account name; 'local' for imports
            folder TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL DEFAULT 0,
            uid INTEGER,                      -- NULL for imported files
            fingerprint TEXT NOT NULL,        -- Message-ID, else sha256 of the bytes (imports)
            message_id TEXT NOT NULL DEFAULT '',
            date TEXT,                        -- ISO 8601 with the sender's offset
            date_ts REAL,                     -- seconds since the epoch, for ordering
            received_ts REAL NOT NULL,        -- when triage stored it
            from_name TEXT NOT NULL DEFAULT '',
            from_addr TEXT NOT NULL DEFAULT '',  -- lower-cased
            from_json TEXT NOT NULL DEFAULT '[]',
            to_json TEXT NOT NULL DEFAULT '[]',
            cc_json TEXT NOT NULL DEFAULT '[]',
            bcc_json TEXT NOT NULL DEFAULT '[]',
            reply_to_json TEXT NOT NULL DEFAULT '[]',
            subject TEXT NOT NULL DEFAULT '',
            in_reply_to TEXT NOT NULL DEFAULT '',
            references_json TEXT NOT NULL DEFAULT '[]',
            list_id TEXT NOT NULL DEFAULT '',
            list_unsubscribe TEXT NOT NULL DEFAULT '',
            headers_json TEXT NOT NULL DEFAULT '{}',
            body_text TEXT NOT NULL DEFAULT '',
            body_format TEXT NOT NULL DEFAULT 'plain',
            snippet TEXT NOT NULL DEFAULT '',
            flags TEXT NOT NULL DEFAULT '',   -- space-separated IMAP flags
            modseq INTEGER,
            size INTEGER NOT NULL DEFAULT 0,
            has_attachments INTEGER NOT NULL DEFAULT 0,
            attachments_json TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',   -- parse problems, one per line
            is_sent INTEGER NOT NULL DEFAULT 0,  -- from the owner's Sent folder
            expunged INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX messages_imap ON messages(account, folder, uidvalidity, uid)
            WHERE uid IS NOT NULL;
        CREATE UNIQUE INDEX messages_local ON messages(account, fingerprint)
            WHERE uid IS NULL;
        CREATE INDEX messages_message_id ON messages(message_id);
        CREATE INDEX messages_order ON messages(is_sent, expunged, date_ts DESC);
        CREATE INDEX messages_from ON messages(from_addr);

        CREATE TABLE folders (
            account TEXT NOT NULL,
            folder TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',    -- '', 'sent', 'drafts'
            uidvalidity INTEGER,
            uidnext INTEGER,
            highest_uid INTEGER NOT NULL DEFAULT 0,
            highestmodseq INTEGER,
            last_sync REAL,
            PRIMARY KEY (account, folder)
        );
        """
    )


@migrations(name="0002_triage_state")
def _triage_state(db: Database) -> None:
    db.executescript(
        """
        -- The classifier's current verdict on a message (one row per message).
        CREATE TABLE verdicts (
            message_pk INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            confidence REAL NOT NULL,
            reasons_json TEXT NOT NULL DEFAULT '[]',
            model_version TEXT NOT NULL DEFAULT '',
            classified_ts REAL NOT NULL
        );
        CREATE INDEX verdicts_category ON verdicts(category);

        -- The owner's corrections (re-labels); undone_ts set when a correction is undone.
        CREATE TABLE labels (
            id INTEGER PRIMARY KEY,
            message_pk INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            previous TEXT NOT NULL,
            created_ts REAL NOT NULL,
            undone_ts REAL
        );
        CREATE INDEX labels_message ON labels(message_pk);

        -- What the owner did with a message: decline, accept, ask, ignore.
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            message_pk INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            template TEXT NOT NULL DEFAULT '',
            created_ts REAL NOT NULL,
            undone_ts REAL
        );
        CREATE INDEX actions_message ON actions(message_pk);

        -- Replies waiting to leave, leaving, or gone.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            action_id INTEGER REFERENCES actions(id),
            account TEXT NOT NULL,
            message_id TEXT NOT NULL UNIQUE,  -- Message-ID of the reply, for "sent once"
            raw BLOB NOT NULL,                -- the reply as RFC 5322 bytes, Bcc stripped
            envelope_from TEXT NOT NULL,
            recipients_json TEXT NOT NULL,    -- every envelope recipient, Bcc included
            status TEXT NOT NULL,             -- queued, sending, sent, failed, cancelled
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before_ts REAL NOT NULL,      -- the undo window and retry back-off
            last_error TEXT NOT NULL DEFAULT '',
            created_ts REAL NOT NULL,
            sent_ts REAL
        );
        CREATE INDEX outbox_status ON outbox(status, not_before_ts);

        -- People the owner has written to, learnt from the Sent folder and from replies.
        CREATE TABLE contacts (
            address TEXT PRIMARY KEY,         -- lower-cased
            name TEXT NOT NULL DEFAULT '',
            written_count INTEGER NOT NULL DEFAULT 0,
            last_written_ts REAL
        );
        """
    )


@migrations(name="0003_verdict_roles")
def _verdict_roles(db: Database) -> None:
    db.executescript(
        """
        -- 1 when the owner set the category by hand (a correction).
        ALTER TABLE verdicts ADD COLUMN labelled INTEGER NOT NULL DEFAULT 0;
        -- The introducer (core.roles.find_roles) for blind intros and opt-in requests,
        -- so stats can count by person in SQL.
        ALTER TABLE verdicts ADD COLUMN introducer_addr TEXT NOT NULL DEFAULT '';
        ALTER TABLE verdicts ADD COLUMN introducer_name TEXT NOT NULL DEFAULT '';
        CREATE INDEX verdicts_introducer ON verdicts(introducer_addr);
        -- Which message an action answered fastest: stats look actions up by message.
        CREATE INDEX actions_live ON actions(message_pk, undone_ts);
        """
    )


@migrations(name="0004_classifier_learning")
def _classifier_learning(db: Database) -> None:
    db.executescript(
        """
        -- What the owner's corrections taught the classifier: a weight added to a category
        -- for a sender, a domain, or whenever a named signal fires (core.classify.Learned).
        CREATE TABLE classifier_weights (
            kind TEXT NOT NULL,               -- 'sender', 'domain' or 'signal'
            key TEXT NOT NULL,                -- address, domain or signal name
            category TEXT NOT NULL,
            weight REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (kind, key, category)
        );
        -- Exactly what each correction added, so undoing it takes the same amount back
        -- (as bogofilter -S/-N unregister a message).
        CREATE TABLE classifier_label_effects (
            label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            category TEXT NOT NULL,
            delta REAL NOT NULL
        );
        CREATE INDEX classifier_label_effects_label ON classifier_label_effects(label_id);
        -- The verdict a correction replaced, restored when the correction is undone.
        CREATE TABLE classifier_replaced (
            label_id INTEGER PRIMARY KEY REFERENCES labels(id) ON DELETE CASCADE,
            verdict_json TEXT NOT NULL        -- the verdicts row as JSON, or 'null'
        );
        """
    )


@migrations(name="0005_replies_outbox_state")
def _replies_outbox_state(db: Database) -> None:
    db.executescript(
        """
        -- The message a reply answers (for \\Answered and the move after sending).
        ALTER TABLE outbox ADD COLUMN message_pk INTEGER REFERENCES messages(id);
        -- smtp, sendmail, drafts or folder: how it leaves.
        ALTER TABLE outbox ADD COLUMN transport TEXT NOT NULL DEFAULT '';
        -- How far a send got: '' (not started), 'connecting', 'data' (SMTP body streaming,
        -- final dot not sent), 'committed' (handed over: it may have arrived).
        ALTER TABLE outbox ADD COLUMN stage TEXT NOT NULL DEFAULT '';
        -- Who is sending it (a status of 'sending' with a dead pid is an interrupted send).
        ALTER TABLE outbox ADD COLUMN claimed_pid INTEGER;
        ALTER TABLE outbox ADD COLUMN claimed_ts REAL;
        -- After a send: Sent copy, \\Answered on the original, move ('' nothing to do,
        -- 'pending', 'done', 'failed').
        ALTER TABLE outbox ADD COLUMN post_status TEXT NOT NULL DEFAULT '';
        ALTER TABLE outbox ADD COLUMN post_error TEXT NOT NULL DEFAULT '';
        ALTER TABLE outbox ADD COLUMN post_attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN post_not_before_ts REAL NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN move_to TEXT NOT NULL DEFAULT '';
        CREATE INDEX outbox_action ON outbox(action_id);
        CREATE INDEX outbox_post ON outbox(post_status, post_not_before_ts);
        """
    )


@migrations(name="0005_replies_outbox_kind")
def _replies_outbox_kind(db: Database) -> None:
    db.executescript(
        """
        -- 'reply' (a message to send), or 'move' (only move the original: an ignore with
        -- replies.move_to.ignore set, done after the undo window like a reply).
        ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'reply';
        """
    )


@migrations(name="0006_tui_fts")
def _tui_fts(db: Database) -> None:
    db.executescript(
        """
        -- Full-text search for the triage screen's `/` (sender, subject, text), kept in step
        -- with `messages` by triggers (external content: the text is stored only once).
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            subject, from_name, from_addr, body_text,
            content='messages', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts(rowid, subject, from_name, from_addr, body_text)
            VALUES (new.id, new.subject, new.from_name, new.from_addr, new.body_text);
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, subject, from_name, from_addr, body_text)
            VALUES ('delete', old.id, old.subject, old.from_name, old.from_addr, old.body_text);
        END;
        CREATE TRIGGER messages_fts_update
        AFTER UPDATE OF subject, from_name, from_addr, body_text ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, subject, from_name, from_addr, body_text)
            VALUES ('delete', old.id, old.subject, old.from_name, old.from_addr, old.body_text);
            INSERT INTO messages_fts(rowid, subject, from_name, from_addr, body_text)
            VALUES (new.id, new.subject, new.from_name, new.from_addr, new.body_text);
        END;
        -- Backfill what was stored before this migration.
        INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
        -- The screen lists newest (or, to triage, oldest) first: walk this index in order
        -- instead of sorting 100,000 rows per page.
        CREATE INDEX messages_tui_order
            ON messages(is_sent, expunged, coalesce(date_ts, received_ts), id);
        """
    )


@migrations(name="0007_stats_facts")
def _stats_facts(db: Database) -> None:
    # One narrow row per received message with what weekly stats need (arrival, current
    # category, introducer, first and latest live action), kept current by triggers on
    # messages, verdicts and actions: a report is then one index range scan instead of
    # three look-ups per message (adapters/statsquery.py).
    facts = """
        INSERT INTO stats_facts (message_pk, arrival_ts, category, who, who_name, who_addr,
                                 first_ts, last_action)
        SELECT msg.id, coalesce(msg.date_ts, msg.received_ts),
            coalesce(v.category, 'unclassified'),
            CASE WHEN v.category IN ('blind_intro', 'opt_in') THEN
                CASE WHEN v.introducer_addr != '' THEN v.introducer_addr
                     ELSE lower(trim(v.introducer_name)) END
            ELSE '' END,
            coalesce(v.introducer_name, ''), coalesce(v.introducer_addr, ''),
            (SELECT min(a.created_ts) FROM actions a
                WHERE a.message_pk = msg.id AND a.undone_ts IS NULL),
            (SELECT a.action FROM actions a
                WHERE a.message_pk = msg.id AND a.undone_ts IS NULL
                ORDER BY a.created_ts DESC, a.id DESC LIMIT 1)
        FROM messages msg LEFT JOIN verdicts v ON v.message_pk = msg.id
        WHERE msg.is_sent = 0 {only}
    """
    triggers = [
        ("messages", "INSERT", ["new.id"]),
        ("messages", "UPDATE OF date_ts, received_ts, is_sent", ["new.id"]),
        ("messages", "DELETE", ["old.id"]),
        ("verdicts", "INSERT", ["new.message_pk"]),
        ("verdicts", "UPDATE", ["old.message_pk", "new.message_pk"]),
        ("verdicts", "DELETE", ["old.message_pk"]),
        ("actions", "INSERT", ["new.message_pk"]),
        ("actions", "UPDATE", ["old.message_pk", "new.message_pk"]),
        ("actions", "DELETE", ["old.message_pk"]),
    ]
    script = [
        """
        CREATE TABLE stats_facts (
            message_pk INTEGER PRIMARY KEY,   -- messages.id; Sent-folder mail has no row
            arrival_ts REAL NOT NULL,         -- coalesce(date_ts, received_ts)
            category TEXT NOT NULL,           -- the current verdict, or 'unclassified'
            who TEXT NOT NULL,                -- introducer address, else name (intros only)
            who_name TEXT NOT NULL,
            who_addr TEXT NOT NULL,
            first_ts REAL,                    -- first action not undone
            last_action TEXT                  -- latest action not undone
        );
        -- Covering, so a report walks indexes without sorting: counts per category and
        -- week, introducers in order, and times to triage in order (for medians).
        CREATE INDEX stats_facts_category
            ON stats_facts(category, arrival_ts, last_action, first_ts);
        CREATE INDEX stats_facts_who
            ON stats_facts(who, arrival_ts, category, last_action, who_name, who_addr)
            WHERE who != '';
        CREATE INDEX stats_facts_delay
            ON stats_facts(max(first_ts - arrival_ts, 0), arrival_ts)
            WHERE first_ts IS NOT NULL;
        """
    ]
    for table, event, keys in triggers:
        name = f"stats_facts_{table}_{event.split()[0].lower()}"
        body = "".join(
            f"DELETE FROM stats_facts WHERE message_pk = {key};"
            + facts.format(only=f"AND msg.id = {key}")
            + ";"
            for key in keys
        )
        script.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END;")
    script.append(facts.format(only="") + ";")  # backfill what is already stored
    db.executescript("\n".join(script))


@migrations(name="0008_polish_actions_replaced")
def _polish_actions_replaced(db: Database) -> None:
    # An action a later one replaced (an ignore, then a reply) was not taken back: the
    # owner did triage the message then. `replaced_by` tells it from a real undo (both set
    # `undone_ts`, so "live" still means `undone_ts IS NULL` everywhere). Stats then run
    # time to triage to the first action not undone (live or replaced, while the message
    # still has a live one) and take the outcome from the latest live action.
    facts = """
        INSERT INTO stats_facts (message_pk, arrival_ts, category, who, who_name, who_addr,
                                 first_ts, last_action)
        SELECT msg.id, coalesce(msg.date_ts, msg.received_ts),
            coalesce(v.category, 'unclassified'),
            CASE WHEN v.category IN ('blind_intro', 'opt_in') THEN
                CASE WHEN v.introducer_addr != '' THEN v.introducer_addr
                     ELSE lower(trim(v.introducer_name)) END
            ELSE '' END,
            coalesce(v.introducer_name, ''), coalesce(v.introducer_addr, ''),
            CASE WHEN EXISTS (SELECT 1 FROM actions a
                    WHERE a.message_pk = msg.id AND a.undone_ts IS NULL)
                THEN (SELECT min(a.created_ts) FROM actions a
                    WHERE a.message_pk = msg.id
                        AND (a.undone_ts IS NULL OR a.replaced_by IS NOT NULL)) END,
            (SELECT a.action FROM actions a
                WHERE a.message_pk = msg.id AND a.undone_ts IS NULL
                ORDER BY a.created_ts DESC, a.id DESC LIMIT 1)
        FROM messages msg LEFT JOIN verdicts v ON v.message_pk = msg.id
        WHERE msg.is_sent = 0 {only}
    """
    triggers = [
        ("messages", "INSERT", ["new.id"]),
        ("messages", "UPDATE OF date_ts, received_ts, is_sent", ["new.id"]),
        ("messages", "DELETE", ["old.id"]),
        ("verdicts", "INSERT", ["new.message_pk"]),
        ("verdicts", "UPDATE", ["old.message_pk", "new.message_pk"]),
        ("verdicts", "DELETE", ["old.message_pk"]),
        ("actions", "INSERT", ["new.message_pk"]),
        ("actions", "UPDATE", ["old.message_pk", "new.message_pk"]),
        ("actions", "DELETE", ["old.message_pk"]),
    ]
    script = [
        """
        ALTER TABLE actions ADD COLUMN replaced_by INTEGER REFERENCES actions(id);
        -- Before this column, `perform` set a replaced action's undone_ts to the moment
        -- the replacing action was created: that finds them again exactly.
        UPDATE actions SET replaced_by = (
            SELECT b.id FROM actions b
            WHERE b.message_pk = actions.message_pk AND b.created_ts = actions.undone_ts
                AND b.id > actions.id
            ORDER BY b.id LIMIT 1
        ) WHERE undone_ts IS NOT NULL;
        """
    ]
    for table, event, keys in triggers:
        name = f"stats_facts_{table}_{event.split()[0].lower()}"
        body = "".join(
            f"DELETE FROM stats_facts WHERE message_pk = {key};"
            + facts.format(only=f"AND msg.id = {key}")
            + ";"
            for key in keys
        )
        script.append(f"DROP TRIGGER IF EXISTS {name};")
        script.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END;")
    script.append("DELETE FROM stats_facts;")
    script.append(facts.format(only="") + ";")  # recompute what is already stored
    db.executescript("\n".join(script))
