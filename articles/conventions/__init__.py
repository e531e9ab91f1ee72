"""The conventions of news copy, which every layer reads, from the models up.

Pure rules about what stored text means, with no model of their own: the body's syntax
and its safe HTML (``rendering``), finding a quote in a body (``quote_check``), a rights
notice and a photo credit split into their parts (``notice_parts``, ``credits``), how long
a notice lets a story be shown (``licence``), and the agencies and their printed habits
that all of these and the wire readers consult (``agencies``).
"""
