"""The clock's work, run by the scheduler or a command, each piece in transactions of its own:
the sweep of due deadlines (`sweep`), the document renderer (`render_worker`) and the scheduler
that calls them (`scheduler`). Jobs call operations, as the HTTP layers do; nothing below
imports them."""
