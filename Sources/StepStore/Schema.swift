import StepSQLite

/// The database schema, as numbered migrations applied on open.
enum Schema {
    static let migrations = SQLiteMigrator([
        SQLiteMigration(
            version: 1,
            sql: """
                CREATE TABLE state_machines (
                    name TEXT PRIMARY KEY,
                    arn TEXT NOT NULL,
                    type TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    logging_level TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    updated_ms INTEGER NOT NULL
                );
                CREATE TABLE revisions (
                    state_machine TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    definition TEXT NOT NULL,
                    PRIMARY KEY (state_machine, revision)
                ) WITHOUT ROWID;
                CREATE TABLE versions (
                    state_machine TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    revision INTEGER NOT NULL,
                    description TEXT,
                    created_ms INTEGER NOT NULL,
                    PRIMARY KEY (state_machine, version)
                ) WITHOUT ROWID;
                CREATE TABLE aliases (
                    state_machine TEXT NOT NULL,
                    name TEXT NOT NULL,
                    routing TEXT NOT NULL,
                    description TEXT,
                    created_ms INTEGER NOT NULL,
                    PRIMARY KEY (state_machine, name)
                ) WITHOUT ROWID;
                CREATE TABLE executions (
                    id INTEGER PRIMARY KEY,
                    arn TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    state_machine TEXT NOT NULL,
                    state_machine_arn TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    version INTEGER,
                    type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    input TEXT NOT NULL,
                    output TEXT,
                    error TEXT,
                    cause TEXT,
                    start_ms INTEGER NOT NULL,
                    stop_ms INTEGER,
                    redrive_count INTEGER NOT NULL DEFAULT 0,
                    started INTEGER NOT NULL DEFAULT 0,
                    engine_state BLOB,
                    UNIQUE (state_machine, name)
                );
                CREATE INDEX executions_unstarted ON executions (id) WHERE started = 0;
                CREATE INDEX executions_by_status ON executions (status, id);
                CREATE TABLE history (
                    execution_id INTEGER NOT NULL,
                    event_id INTEGER NOT NULL,
                    event TEXT NOT NULL,
                    PRIMARY KEY (execution_id, event_id)
                ) WITHOUT ROWID;
                CREATE TABLE timers (
                    execution_id INTEGER NOT NULL,
                    timer INTEGER NOT NULL,
                    due_ms INTEGER NOT NULL,
                    PRIMARY KEY (execution_id, timer)
                ) WITHOUT ROWID;
                CREATE TABLE tasks (
                    execution_id INTEGER NOT NULL,
                    task INTEGER NOT NULL,
                    request TEXT NOT NULL,
                    PRIMARY KEY (execution_id, task)
                ) WITHOUT ROWID;
                CREATE TABLE requests (
                    id INTEGER PRIMARY KEY,
                    execution_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    error TEXT,
                    cause TEXT
                );
                CREATE TABLE service_lease (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    owner TEXT NOT NULL,
                    renewed_ms INTEGER NOT NULL
                );
                """),
        SQLiteMigration(
            version: 2,
            sql: """
                ALTER TABLE tasks ADD COLUMN token TEXT;
                ALTER TABLE tasks ADD COLUMN submitted INTEGER NOT NULL DEFAULT 0;
                CREATE UNIQUE INDEX tasks_by_token ON tasks (token) WHERE token IS NOT NULL;
                ALTER TABLE requests ADD COLUMN task INTEGER;
                ALTER TABLE requests ADD COLUMN output TEXT;
                """),
        // Activities: the registry, and activity tasks in the outbox. Such a task is `submitted` once handed
        // over; `claimed` once a worker took it (or it went to the activity's broker queue).
        SQLiteMigration(
            version: 3,
            sql: """
                CREATE TABLE activities (
                    name TEXT PRIMARY KEY,
                    arn TEXT NOT NULL UNIQUE,
                    tags TEXT,
                    created_ms INTEGER NOT NULL
                );
                ALTER TABLE tasks ADD COLUMN activity TEXT;
                ALTER TABLE tasks ADD COLUMN claimed INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE tasks ADD COLUMN worker TEXT;
                CREATE INDEX tasks_waiting_for_worker ON tasks (activity, execution_id, task)
                    WHERE activity IS NOT NULL AND submitted = 1 AND claimed = 0;
                ALTER TABLE requests ADD COLUMN worker TEXT;
                """),
        // Distributed Map runs, with their DescribeMapRun answer (counts) kept up to date.
        SQLiteMigration(
            version: 4,
            sql: """
                CREATE TABLE map_runs (
                    arn TEXT PRIMARY KEY,
                    execution_arn TEXT NOT NULL,
                    status TEXT NOT NULL,
                    start_ms INTEGER NOT NULL,
                    stop_ms INTEGER,
                    description TEXT NOT NULL
                );
                CREATE INDEX map_runs_by_execution ON map_runs (execution_arn, start_ms);
                """),
        // Status-change events as an outbox: set by the commit that ends an execution, cleared once published.
        SQLiteMigration(
            version: 5,
            sql: """
                ALTER TABLE executions ADD COLUMN event_pending INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX executions_event_pending ON executions (id) WHERE event_pending = 1;
                """),
        // The map run a STANDARD Distributed Map child belongs to (ListExecutions --map-run-arn).
        SQLiteMigration(
            version: 6,
            sql: """
                ALTER TABLE executions ADD COLUMN map_run_arn TEXT;
                CREATE INDEX executions_by_map_run ON executions (map_run_arn, id) WHERE map_run_arn IS NOT NULL;
                """),
        // The role a state machine was created with (CreateStateMachine's roleArn), echoed by DescribeStateMachine.
        SQLiteMigration(
            version: 7,
            sql: """
                ALTER TABLE state_machines ADD COLUMN role_arn TEXT;
                """),
        // The alias an execution was started through (DescribeExecution's stateMachineAliasArn).
        SQLiteMigration(
            version: 8,
            sql: """
                ALTER TABLE executions ADD COLUMN alias TEXT;
                """),
        // The highest version number ever published: a deleted version's number is not given again.
        SQLiteMigration(
            version: 9,
            sql: """
                ALTER TABLE state_machines ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;
                UPDATE state_machines SET last_version = (SELECT COALESCE(MAX(version), 0) FROM versions WHERE state_machine = state_machines.name);
                """),
        // Tags of state machines and activities (TagResource), in the order they were first given.
        SQLiteMigration(
            version: 10,
            sql: """
                CREATE TABLE tags (
                    resource_arn TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    UNIQUE (resource_arn, key)
                );
                """),
    ])
}
