"""selling"""
