"""自查的选项（TextChoices）。"""
