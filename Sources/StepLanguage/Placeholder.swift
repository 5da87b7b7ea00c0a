import StepJSON
