import { runService } from '@gt/service-kit';
import { metricsService } from './service';

void runService(metricsService);
