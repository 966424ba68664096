"""Sharing courses between installations (Sambruk): packages, the travel registry
through which content apps declare how their models travel, export, import,
identities, per-course sharing settings and attribution.

It imports no content app: each declares its travel in ``<app>/travel.py``, which
``SharingConfig.ready`` autodiscovers.
"""
