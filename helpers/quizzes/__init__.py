"""Self-check questions, one module per chapter (``QUESTIONS``); see :mod:`helpers.quiz`."""
