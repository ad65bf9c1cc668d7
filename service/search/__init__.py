"""Search over the proposals' text: similar proposals (相似提案) while filing and merging, and
the units most likely to handle a proposal (承办单位建议), learnt from past assignments."""
