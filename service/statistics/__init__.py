"""Statistics and the annual report of proposal handling (提案办理统计); the working lists are
`service/lists/`.

Read-only: every figure is one SQL aggregate over the rows the events wrote; nothing here
changes a row. `figures` says what each figure counts.
"""
