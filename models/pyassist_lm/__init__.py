"""LoRA fine-tuning of StarCoder-family (gpt_bigcode) models for pyassist's tasks, and generation evaluation."""
