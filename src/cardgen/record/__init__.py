"""Record training runs into their cards: ``with record_training("model.card.yaml") as run: ...``."""

from cardgen.record.recorder import TrainingRun, record_training

__all__ = ["TrainingRun", "record_training"]
