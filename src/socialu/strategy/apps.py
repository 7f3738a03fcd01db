from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "socialu.strategy"
    label = "strategy"
    verbose_name = "Strategy document"
