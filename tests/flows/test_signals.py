"""Signals held back while a batch is saved: the block ends whole, then the signal lands."""

from __future__ import annotations

import signal

import pytest

from flows.signals import deferred_signals


def test_a_signal_inside_the_block_is_delivered_when_it_ends():
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with deferred_signals():
            signal.raise_signal(signal.SIGINT)
            steps.append("saved")
    assert steps == ["saved"]


def test_a_second_signal_is_delivered_at_once():
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with deferred_signals():
            signal.raise_signal(signal.SIGINT)
            steps.append("first")
            signal.raise_signal(signal.SIGINT)
            steps.append("second")
    assert steps == ["first"]


def test_the_previous_handlers_are_back_after_the_block():
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    with deferred_signals():
        pass
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
