"""舆情的选项（TextChoices）。"""
