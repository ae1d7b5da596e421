export { admissionWorkflow } from './admission.workflow';
