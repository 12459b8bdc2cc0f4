"""互动的选项（TextChoices）。"""
