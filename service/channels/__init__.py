"""Delivering notifications outside the service: who gets each by which channel (`outbox`),
what each channel's message says (`messages`), and the transports that send them (`mail`,
`http`), used by the delivery sender in service/jobs."""
