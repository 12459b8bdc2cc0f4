"""档案的选项（TextChoices）。"""
