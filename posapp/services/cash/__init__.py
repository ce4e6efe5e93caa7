"""cash"""
